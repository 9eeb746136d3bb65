"""Pure parsers: source files in, ``Document``s out. Nothing here touches a store."""
