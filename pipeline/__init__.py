

def open_dataset(path, prepare_db: bool = True):
    """The dataset at ``path`` as pandas DataFrames (see :mod:`pipeline.dataset`)."""
    from .dataset import open_dataset as _open

    return _open(path, prepare_db=prepare_db)
