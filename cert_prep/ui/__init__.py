"""The Textual UI on top of the engine; it holds no state a crash could lose."""
