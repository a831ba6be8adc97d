"""Settings: library folders, analysis workers, output device, loudness normalisation,
notifications, backend mode with a connection test. Saved with ``engine.config.save_config``.

The MongoDB address is shown without its user and password (``redact_uri``); left as shown, the
configured URI is kept, so a password is never displayed nor replaced by the redacted text."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.connection_test import check_all
from desktop.i18n import translate
from desktop.views.common import muted, page_layout, section
from desktop.widgets.accessible import describe
from desktop.widgets.library_folders import LibraryFolders
from desktop.widgets.wheel_guard import wheel_only_when_focused
from desktop.workers import Workers
from engine.config import EMBEDDED_SPARK, Config, save_config
from engine.eq_settings import PRESETS, EqSettings
from engine.stores.mongo_uri import redact_uri

DEFAULT_DEVICE = QT_TRANSLATE_NOOP("SettingsView", "System default")  # shown translated


CUSTOM = "custom"  # the equaliser's bands come from config.toml, not a preset
# The engine's presets (engine/eq_settings.py) as the menu names them, translated.
PRESET_NAMES = {
    "flat": QT_TRANSLATE_NOOP("SettingsView", "Flat"),
    "bass boost": QT_TRANSLATE_NOOP("SettingsView", "Bass boost"),
    "treble boost": QT_TRANSLATE_NOOP("SettingsView", "Treble boost"),
    "vocal": QT_TRANSLATE_NOOP("SettingsView", "Vocal"),
    "rock": QT_TRANSLATE_NOOP("SettingsView", "Rock"),
    "pop": QT_TRANSLATE_NOOP("SettingsView", "Pop"),
    "jazz": QT_TRANSLATE_NOOP("SettingsView", "Jazz"),
    "classical": QT_TRANSLATE_NOOP("SettingsView", "Classical"),
    "electronic": QT_TRANSLATE_NOOP("SettingsView", "Electronic"),
    "loudness": QT_TRANSLATE_NOOP("SettingsView", "Loudness"),
}


def list_output_devices() -> list[str]:
    """Names of output devices (runs in a worker: PortAudio may take a moment)."""
    try:
        import sounddevice
    except (ImportError, OSError):  # no PortAudio library
        return []
    try:
        devices = sounddevice.query_devices()
    except Exception:
        return []
    return [d["name"] for d in devices if d.get("max_output_channels", 0) > 0]


def _backend(config: Config) -> tuple:
    return (config.kafka_bootstrap, config.mongo_uri, config.spark_master)


class SettingsView(QWidget):
    saved = Signal(object)  # Config

    def __init__(self, config: Config, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._started_with = config  # the backend in use: it is only read at start-up
        self._workers = workers
        layout = page_layout(self, self.tr("Settings"))

        layout.addWidget(section(self.tr("Library folders")))
        self.folders = LibraryFolders(config.library_folders)
        self.folders.changed.connect(self._keep_folders)
        self.importRequested = self.folders.importRequested
        layout.addWidget(self.folders)

        layout.addWidget(section(self.tr("Playback and analysis")))
        form = QFormLayout()
        self.workers_spin = QSpinBox()
        self.workers_spin.setRange(1, 64)
        form.addRow(self.tr("Analysis workers"), self.workers_spin)
        describe(
            self.workers_spin,
            self.tr("Analysis workers"),
            self.tr("How many songs are analysed at once"),
        )
        self.device = QComboBox()
        self._default_device = self.tr(DEFAULT_DEVICE)
        self.device.addItem(self._default_device)
        form.addRow(self.tr("Output device"), self.device)
        describe(self.device, self.tr("Output device"), self.tr("Where the sound goes"))
        self.loudness = QCheckBox(self.tr("Play every song at the same loudness"))
        form.addRow(self.tr("Loudness normalisation"), self.loudness)
        describe(
            self.loudness,
            self.tr("Loudness normalisation"),
            self.tr("Play every song at the same loudness"),
        )
        self.equaliser = QComboBox()
        self.equaliser.addItem(self.tr("Off"), None)
        for name in PRESETS:
            # A preset the table does not name yet shows in English (the untranslated test fails).
            self.equaliser.addItem(self.tr(PRESET_NAMES.get(name, name.capitalize())), name)
        form.addRow(self.tr("Equaliser"), self.equaliser)
        describe(
            self.equaliser,
            self.tr("Equaliser"),
            self.tr("A 10-band equaliser preset, applied while playing"),
        )
        self.notifications = QCheckBox(self.tr("Show a notification when the song changes"))
        form.addRow(self.tr("Notifications"), self.notifications)
        describe(
            self.notifications,
            self.tr("Notifications"),
            self.tr("A desktop notification on each new song"),
        )
        layout.addLayout(form)
        wheel_only_when_focused(self.workers_spin, self.device, self.equaliser)

        layout.addWidget(section(self.tr("Backend")))
        self.embedded = QRadioButton(self.tr("Embedded (no servers: everything on this computer)"))
        self.server = QRadioButton(self.tr("Server mode"))
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        describe(
            self.embedded,
            self.tr("Embedded mode"),
            self.tr("No servers: everything on this computer"),
        )
        describe(
            self.server,
            self.tr("Server mode"),
            self.tr("Use the Kafka, MongoDB and Spark servers below"),
        )
        layout.addWidget(self.embedded)
        layout.addWidget(self.server)
        servers = QFormLayout()
        self.kafka = QLineEdit()
        self.kafka.setPlaceholderText(self.tr("host:9092"))
        self._mongo_shown = ""
        self.mongo = QLineEdit()
        self.mongo.setPlaceholderText(self.tr("mongodb://host:27017/encore"))
        self.spark = QLineEdit()
        self.spark.setPlaceholderText(self.tr("spark://host:7077"))
        describe(self.kafka, self.tr("Kafka"), self.tr("Kafka bootstrap address, host:port"))
        describe(
            self.mongo, self.tr("MongoDB"), self.tr("MongoDB address, mongodb://host:port/database")
        )
        describe(
            self.spark, self.tr("Spark master"), self.tr("Spark master address, spark://host:port")
        )
        servers.addRow(self.tr("Kafka"), self.kafka)
        servers.addRow(self.tr("MongoDB"), self.mongo)
        servers.addRow(self.tr("Spark master"), self.spark)
        self.server_box = QWidget()
        self.server_box.setLayout(servers)
        layout.addWidget(self.server_box)
        self.server.toggled.connect(self.server_box.setEnabled)

        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("accent")
        self.save_button.clicked.connect(self.save)
        describe(
            self.test_button, self.tr("Test connection"), self.tr("Check that the servers answer")
        )
        describe(self.save_button, self.tr("Save"), self.tr("Save these settings"))
        row.addWidget(self.test_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = muted("")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._layout = layout
        self._devices_loaded = False
        self.show_config(config)

    def show_config(self, config: Config) -> None:
        """Every field as ``config`` has it: at start, and when unsaved edits are discarded."""
        self.workers_spin.setValue(config.analysis_workers)
        device = config.output_device or self._default_device
        if self.device.findText(device) < 0:
            self.device.addItem(device)
        self.device.setCurrentText(device)
        self.loudness.setChecked(config.loudness_normalisation)
        eq = config.equaliser
        custom = self.equaliser.findData(CUSTOM)
        if eq.enabled and eq.preset in PRESETS:
            self.equaliser.setCurrentIndex(self.equaliser.findData(eq.preset))
        elif eq.enabled:  # bands set by hand in config.toml: kept as they are
            if custom < 0:
                self.equaliser.addItem(self.tr("Custom (config.toml)"), CUSTOM)
            self.equaliser.setCurrentIndex(self.equaliser.findData(CUSTOM))
        else:
            self.equaliser.setCurrentIndex(0)  # Off
        self.notifications.setChecked(config.notifications)
        (self.server if config.server_mode else self.embedded).setChecked(True)
        self.server_box.setEnabled(config.server_mode)
        self.kafka.setText(config.kafka_bootstrap or "")
        self._mongo_shown = redact_uri(config.mongo_uri) if config.mongo_uri else ""
        self.mongo.setText(self._mongo_shown)
        self.spark.setText(config.spark_master if config.spark_master != EMBEDDED_SPARK else "")

    def has_unsaved_edits(self) -> bool:
        """Whether a field differs from the saved settings (folders are saved as they change)."""
        return self.edited_config() != self.config

    def discard_edits(self) -> None:
        self.show_config(self.config)
        self.status.setText("")

    def add_section(self, widget: QWidget) -> None:
        """A section whose work is not the config's (it needs the services): above the stretch."""
        self._layout.insertWidget(self._layout.count() - 1, widget)

    def showEvent(self, event) -> None:  # Qt's name
        super().showEvent(event)
        if not self._devices_loaded:
            self._devices_loaded = True
            self._workers.submit(lambda job: list_output_devices(), done=self._fill_devices)

    def _fill_devices(self, names: list[str]) -> None:
        current = self.device.currentText()
        self.device.clear()
        self.device.addItem(self._default_device)
        self.device.addItems([n for n in names if n])
        if current and self.device.findText(current) < 0:
            self.device.addItem(current)
        self.device.setCurrentText(current or self._default_device)

    def _keep_folders(self, folders: tuple[str, ...]) -> None:
        """Folder changes are saved at once, without the other edits on the page."""
        config = replace(self.config, library_folders=folders)
        try:
            save_config(config)
        except OSError as exc:
            self.status.setText(self.tr("Cannot save the library folders: {exc}").format(exc=exc))
            return
        self.config = config

    def mongo_uri(self) -> str | None:
        """The URI to use: the configured one while the field still shows it redacted."""
        text = self.mongo.text().strip()
        if text and text == self._mongo_shown:
            return self.config.mongo_uri
        return text or None

    def edited_config(self) -> Config:
        server = self.server.isChecked()
        device = self.device.currentText()
        spark = self.spark.text().strip() or EMBEDDED_SPARK
        return replace(
            self.config,
            library_folders=self.folders.folders(),
            analysis_workers=self.workers_spin.value(),
            output_device=None if device == self._default_device else device,
            loudness_normalisation=self.loudness.isChecked(),
            notifications=self.notifications.isChecked(),
            equaliser=self._equaliser(),
            kafka_bootstrap=(self.kafka.text().strip() or None) if server else None,
            mongo_uri=self.mongo_uri() if server else None,
            spark_master=spark if server else EMBEDDED_SPARK,
        )

    def _equaliser(self) -> EqSettings:
        choice = self.equaliser.currentData()
        if choice == CUSTOM:
            return self.config.equaliser
        if choice is None:
            return replace(self.config.equaliser, enabled=False)
        return EqSettings.from_preset(choice, preamp_db=self.config.equaliser.preamp_db)

    def save(self) -> None:
        config = self.edited_config()
        try:
            path = save_config(config)
        except OSError as exc:
            self.status.setText(self.tr("Cannot save settings: {exc}").format(exc=exc))
            return
        self.config = config
        note = " Output device, loudness normalisation and the equaliser apply now."
        if _backend(config) != _backend(self._started_with):
            note += " The backend change applies when Encore restarts."
        self.status.setText(self.tr("Saved to {path}.{note}").format(path=path, note=note))
        self.saved.emit(config)

    def test_connection(self) -> None:
        mongo, kafka = self.mongo_uri() or "", self.kafka.text().strip()
        spark = self.spark.text().strip()
        self.test_button.setEnabled(False)
        self.status.setText(self.tr("Testing…"))

        def done(lines: list[str]) -> None:
            self.test_button.setEnabled(True)
            self.status.setText("\n".join(lines))

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.status.setText(translate("SettingsView", "Test failed: {exc}").format(exc=exc))

        self._workers.submit(
            lambda job: check_all(mongo, kafka, spark), name="test", done=done, failed=failed
        )
