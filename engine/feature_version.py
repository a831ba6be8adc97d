"""The feature version: which stored vectors are the engine's analysis.

Bumped whenever the layout or an algorithm of :mod:`engine.analysis.features` changes. A stored
vector counts as a track's analysis only when it is of this version and for the file as it is
now; any other is pending (analysed again) and left out of every count and matrix. Its own
module so that the stores read it without loading the analysis code (scipy, librosa).
"""

from __future__ import annotations

# 2: ten 3-s windows instead of six 5-s ones (AnalysisParams); vectors of 1 are re-analysed.
# 3: MFCC log-covariance ("texture") instead of the MFCC standard deviations (its diagonal is
#    their logarithm), MFCC delta, contrast and chroma spread, tempogram bands
#    (docs/analysis.md); vectors of 2 are re-analysed.
# 4: Ogg Vorbis decoded by FFmpeg with sample-exact seeks (engine/audio/reader.py): libsndfile
#    put 67 of 907 Vorbis windows of the dev tracks up to ~900 samples off; FFmpeg's decoder
#    rounds differently; MP4 windows lost a one-sample rounding error. Vectors of 3 are
#    re-analysed.
FEATURE_VERSION = 4
