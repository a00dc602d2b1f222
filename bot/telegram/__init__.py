"""The Telegram layer: parses updates, calls the service layer, replies. No SQL, no XML."""
