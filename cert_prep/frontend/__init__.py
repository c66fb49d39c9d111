"""What the front ends (the full-screen UI, plain mode, the command line) share."""
