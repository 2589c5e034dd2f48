"""ResNet, Interactively: the code behind the study book on He et al. 2015 (arXiv:1512.03385).

>>> from resnet_book.models import resnet_cifar
>>> from resnet_book import QUICK   # True under tests: chapters then train on smaller budgets
"""

import os

__version__ = "0.1.0"

# Set RESNET_BOOK_QUICK=1 (the test suite does) to run every chapter on a small budget: the same
# code paths, fewer epochs and images.
QUICK = os.environ.get("RESNET_BOOK_QUICK", "0") not in ("", "0", "false", "False")
