from geowire.cli import main

main()
