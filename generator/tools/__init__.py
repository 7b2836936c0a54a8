"""Layer 6, the tools: the command line (`check`, `schema`, `export`, `publish`,
`new-year`), atomic publishing and export, the new-year scaffold, the link
checker and GitHub annotations. They sit on top of every other layer.
"""
