"""Reading audio files: the one reader that analysis and playback share."""
