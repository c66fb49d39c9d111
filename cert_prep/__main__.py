from cert_prep.cli.main import main

raise SystemExit(main())
