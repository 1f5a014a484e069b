"""Help: the coordinator's user guide, shown with pictures of the program's own tabs."""
