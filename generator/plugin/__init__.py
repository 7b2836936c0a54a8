"""Layer 6, the MkDocs adapter: `config` declares the plugin's options, `plugin`
holds the events, `theme_fixes` and `csp` edit the finished HTML of each page, `cache`
keeps the generated files between builds, `core` is the generator's core as the plugin
imports it when it has to generate (not for a build served from the cache), `incremental`
makes the live preview's dirty rebuilds exact, and `search` runs Pagefind.
Registered as the `caresq` plugin (entry point in pyproject.toml).
"""
