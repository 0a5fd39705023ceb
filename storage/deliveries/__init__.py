"""What goes out: delivery states, numbers that opted out, media served by URL."""
