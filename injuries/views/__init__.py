"""Pages of the injury app, split by page group: thin, they parse, call a
selector or service, render."""
