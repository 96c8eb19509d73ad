"""Further ``banli`` commands, one module per area; each module registers its commands on
:data:`pipeline.cli.app` when imported (see :func:`pipeline.cli.load_commands`)."""
