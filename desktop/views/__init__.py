"""The window's pages: Home, Library, Mixes, Queue, Settings, plus the recommendations pane."""
