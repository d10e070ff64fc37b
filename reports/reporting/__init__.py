"""The quarterly report workflow and its documents: content, pages, PDF and Excel."""
