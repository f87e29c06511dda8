from gridoffice.cli import main

if __name__ == "__main__":  # not when a reading child (spawn) imports it as __mp_main__
    raise SystemExit(main())
