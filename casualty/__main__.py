import sys

from casualty.cli import main

sys.exit(main())
