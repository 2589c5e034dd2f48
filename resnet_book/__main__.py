from resnet_book.cli import main

raise SystemExit(main())
