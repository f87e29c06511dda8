"""The data checks panel and its status-bar badge."""
