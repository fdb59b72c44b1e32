"""Pages for people supported: `staff` for scheme staff, `own` for the person and their family."""
