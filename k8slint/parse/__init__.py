"""Reading manifest files into positioned documents."""
