"""The service layer: decides what happens. Knows storage and the gateway, not Telegram."""
