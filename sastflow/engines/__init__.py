"""Analysis engines behind one interface; the pipeline knows none of them by name."""
