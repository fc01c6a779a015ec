"""The one plain sentence every output carries: regencheck supports decisions, it does not advise."""

DISCLAIMER = (
    "regencheck is decision support built from cited public sources; it is not medical or legal "
    "advice. Confirm with the clinic, the registry and a qualified professional."
)
