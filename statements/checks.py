"""System checks for what PDF rendering needs at run time."""
