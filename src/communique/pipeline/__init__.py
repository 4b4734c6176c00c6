"""pipeline: compose the stages for a stream of articles."""

from communique.pipeline.coder import Pipeline, code_text
from communique.pipeline.run import RunSummary, run

__all__ = ["Pipeline", "RunSummary", "code_text", "run"]
