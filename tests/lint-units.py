"""For tests/lint: the translation units of compile_commands.json under a folder, one a line:
FILE, DIRECTORY and the compile command changed to preprocess the file to stdout (-E -C),
separated by tabs.

Usage: python3 lint-units.py COMPILE_COMMANDS.json FOLDER/
"""
import json
import shlex
import sys


def preprocess_command(args):
    kept, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg == "-o":
            skip = True
        elif arg != "-c":
            kept.append(arg)
    return shlex.join(kept + ["-E", "-C", "-o", "-"])


def main():
    commands, folder = sys.argv[1], sys.argv[2]
    with open(commands, encoding="utf-8") as f:
        entries = json.load(f)
    for entry in sorted(entries, key=lambda e: e["file"]):
        if not entry["file"].startswith(folder):
            continue
        args = entry.get("arguments") or shlex.split(entry["command"])
        print(entry["file"], entry["directory"], preprocess_command(args), sep="\t")


main()
