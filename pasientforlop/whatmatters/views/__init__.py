"""The toolkit's pages, one module per tool."""
