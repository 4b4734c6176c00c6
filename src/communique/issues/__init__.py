"""issues stage."""
