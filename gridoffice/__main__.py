from gridoffice.cli import main

raise SystemExit(main())
