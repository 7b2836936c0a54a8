"""Layer 6, the MkDocs adapter: `config` declares the plugin's options, `plugin`
holds the events, `theme_fixes` and `csp` edit the finished HTML of each page, `cache`
keeps the generated files between builds.
Registered as the `caresq` plugin (entry point in pyproject.toml).
"""
