from socialpub.cli import main

main()
