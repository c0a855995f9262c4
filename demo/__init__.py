"""Demo data around Tønsberg (CONTRACTS 3), one module per app, for development."""
