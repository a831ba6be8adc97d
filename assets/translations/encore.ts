<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Encore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version, licence and Encore&apos;s folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library and settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the log file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log to attach to a bug report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No program here opens the log file. It is {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumActions</name>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumGrid</name>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every album; activate one to open it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumModel</name>
    <message>
        <source>{album} by {artist}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumPage</name>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the artist&apos;s page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the album from the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the album shuffled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the album after this song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the album to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only this album&apos;s songs in the Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The album&apos;s songs in order; activate one to play from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track number, title, artist and duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play from here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album: {title} — {artist}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumsView</name>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By album title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By year, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order of the albums in the grid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArtistPage</name>
    <message>
        <source>Artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play all of the artist&apos;s songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the artist shuffled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only this artist&apos;s songs in the Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing played yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The artist&apos;s most played songs; activate to play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title, album and number of plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The artist&apos;s albums; activate one to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appears on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other artists&apos; albums with the artist&apos;s songs; activate one to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} · {count2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} · appears on {count2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArtistsView</name>
    <message>
        <source>Artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every album artist; activate one to open their page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>MongoDB: the pymongo package is not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MongoDB: ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MongoDB: cannot connect ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka: ok ({server} reachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no servers given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka: cannot connect ({reasons})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark: local mode (no server needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark: {master} is not a master URL like spark://host:7077</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark: ok ({server} reachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark: cannot connect ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n album(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n artist(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n play(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n song(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>the system default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing silently: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound output: {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmptyLibrary</name>
    <message>
        <source>Your library is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a music folder, or drop one (or some files) here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing your music…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs appear here as their tags are read; you can play them at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a music folder to import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeartButton</name>
    <message>
        <source>Like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the playing song to Liked songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlike this song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like this song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the playing song from Liked songs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistorySection</name>
    <message>
        <source>Listening history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clearing removes your play events from this machine and, in server mode, from the server, with the songs listeners with your taste play. For you starts over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear listening history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear listening history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks first, then forgets every song you have played, liked or skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only history before a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When checked, only what you played, liked or skipped before the date goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear history before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day kept: everything before it is forgotten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget every song you played, liked or skipped before {day}? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget every song you have played, liked or skipped? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgotten: {entries} of your history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not clear the history: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryWatch</name>
    <message>
        <source>Listening history cleared: For you starts over</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Songs you play {count} times or more show up here, the most played first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing new to pick just now: For you leaves out the songs you played in the last {days} days and those you skipped or marked not interested. Play more, or import more music.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not interested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Popular</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your most played songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs you played last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your mixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a mix to play it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A mix per taste; activate one to play it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixes by sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a mix to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s mixes; activate one to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate a song to play it now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}  ·  {count}
{songs}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the import after the current file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the import summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files that could not be imported, with the reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recommendations ready; training mixes in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{text}: {text2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} failed:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportRun</name>
    <message>
        <source>{summary}; {line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{summary}; training stopped: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import stopped: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis stopped: the songs are in the library; the rest is analysed at the next start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training stopped: the songs are in the library and analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>Play / pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seek forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seek back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next region of the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Encore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to a page, in the sidebar&apos;s order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back (an album or artist page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the search to the songs found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the selected song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyboard&apos;s media keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryFolders</name>
    <message>
        <source>Library folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folders Encore imports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the selected folder again (all when none is selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder and import it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop listing the selected folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the selected folder again, or all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a library folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Search title, artist, album  (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the library by title, artist or album; Esc clears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a music folder to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every song; activate one to play the list from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row numbers (hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a column to sort by it; drag to resize or move; right-click to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{songs} · {length}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{listed} of {songs} · {length}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a music folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Likes</name>
    <message>
        <source>Not liked: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not unliked: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListActions</name>
    <message>
        <source>Saved as playlist: {saved}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>playing now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveResults</name>
    <message>
        <source>Mixes updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating results: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: {why}; playing on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Encore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommendations: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the library: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names}: imported when the current import ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — {artist} · Encore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MixesView</name>
    <message>
        <source>Mixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a mix to list its songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs of the mix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate a song to play the mix from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the mix from its first song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the mix shuffled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this mix as a playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each dot is a song, in the colour of its mix in the list above; the mix chosen there stands out. Click a dot to play it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a mix first: its songs are saved as a playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}  ·  {count}
{songs}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mix “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoHistory</name>
    <message>
        <source>Nothing played yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home fills up as you listen: songs picked for you, your most played and recently played songs, songs like the ones you played, and mixes of your taste. Play something to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play your library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the library&apos;s songs from the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a music folder to import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoMixes</name>
    <message>
        <source>No mixes yet: import and analyse a music folder, and Encore groups it into mixes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mixes yet: Encore groups the analysed songs into mixes in the background after an import; they appear here when it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mixes yet: Encore is importing and analysing your music, and groups it into mixes when that is done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NowPlayingBar</name>
    <message>
        <source>Nothing playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio is on; activate to stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous song (Ctrl+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next song (Ctrl+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the song is; click or drag to seek, ←/→ by 5 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume (Ctrl+Up/Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume icon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback volume (Ctrl+Up/Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{artist} — {album}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio from {title} — click to stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mode}; activate to change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutputNotice</name>
    <message>
        <source>No sound device: playing silently — choose one…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reason}. Click to choose an output device.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Phrases</name>
    <message>
        <source>C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{pitch} major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{pitch} minor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both {trait}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both {trait} and {other}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>similar {group}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>similar {group} and {other}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{trait} (around {lufs} LUFS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your mix {number}: {artist}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your mix {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closest overall sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>around {bpm} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {key} / {minor}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bright</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dark-toned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noise-like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>percussive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loud, compressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quiet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quiet, wide dynamics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>around {lufs} LUFS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timbre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>harmony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rhythm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loudness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you often play these together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you played these together once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to {title}, a song you played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to your taste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to songs you played</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listeners with your taste play this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to {title}, a song you love</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to {title}, a song you play often</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to songs you love</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close to songs you play often</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Because you liked {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Because you played {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bright</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dynamic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steady</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Percussive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gritty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the audio analyser (first run after installing only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training mixes in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{elapsed} · usually 1–3 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audio analysis code is compiled for this computer once, then kept: later imports start analysing at once. Songs play meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {n} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {n} min left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaylistActions</name>
    <message>
        <source>Playlist not changed: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {count} to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed {name} to {new_name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted playlist {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the songs of the playlist file is in the library: no playlist was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist not imported: none of its songs is in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {name}: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {count} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 entry of the playlist file could not be used and was skipped; the playlist {name} has the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{skipped} of the playlist file could not be used and were skipped; the playlist {name} has the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some songs of {name} could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {name} to {file}: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries that were skipped, as FILE:LINE: reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaylistsView</name>
    <message>
        <source>Liked songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists (*.m3u *.m3u8);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a playlist to list its songs; drop songs on one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new, empty playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename this playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import M3U…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import M3U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new playlist from a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export M3U…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export M3U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this playlist as M3U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs of the playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate a song to play the playlist from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the list from the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected song up (Alt+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected song down (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected song (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Song actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play, reorder and remove the list&apos;s songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected song from the playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlike the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No liked songs yet: the heart on the now-playing bar, or Like in a menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No songs yet: drag songs here from the library, or Add to playlist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {count} no longer in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new playlist:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name for {old}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New, rename and delete playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlist files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import and export M3U playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the playlist {name}? Its songs stay in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm deleting {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the queue (a radio too) as a playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The songs to play, in play order; drag or Alt+Up/Down to reorder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected song from the queue (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and empty the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop adding radio songs to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repeat off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repeat all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repeat one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shuffled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>radio on, from “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>radio off, from “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from {context}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio from {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecommendationsPane</name>
    <message>
        <source>Similar to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the queue filled with songs like this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these songs as a playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Songs that sound like it; activate one to play it now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{artist} — {album}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding songs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recommendations yet: import your music; similar songs appear here as soon as they are analysed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar to {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not analysed yet: similar songs appear here as soon as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recommendations: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio needs analysed songs: they are being analysed, try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio needs analysed songs: import a music folder first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScopeBar</name>
    <message>
        <source>Show all songs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop showing only this album or artist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Services</name>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{plays} · {when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bass boost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treble boost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jazz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electronic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loudness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback and analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many songs are analysed at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the sound goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play every song at the same loudness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loudness normalisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom (config.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equaliser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A 10-band equaliser preset, applied while playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a notification when the song changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop notification on each new song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded (no servers: everything on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No servers: everything on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Kafka, MongoDB and Spark servers below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host:9092</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mongodb://host:27017/encore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spark://host:7077</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka bootstrap address, host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MongoDB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MongoDB address, mongodb://host:port/database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spark master address, spark://host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the servers answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the library folders: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save settings: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}.{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test failed: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every key the window answers to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys and what they do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys, and what they do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{pages} and {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Opened files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (and {count} more)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoundMapWidget</name>
    <message>
        <source>The sound map appears after analysis</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrackList</name>
    <message>
        <source>Play next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start radio</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrackMenu</name>
    <message>
        <source>Unlike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new playlist:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnsavedSettings</name>
    <message>
        <source>Unsaved settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes to the settings?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your edits on the Settings page are not saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Encore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowState</name>
    <message>
        <source>Queue not restored: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>album_page</name>
    <message>
        <source>‹ {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to {text} (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>albums</name>
    <message>
        <source>Filter {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only {what} whose name has this text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
