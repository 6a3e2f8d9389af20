"""Timestamped lines of a lab's result folder, for the results scripts (ownership.py, active-active.py)."""
import os


def read_marks(folder, name):
    """(ms, words) for every line of FOLDER/NAME that begins with a time in ms ("UNIX_MS word …"); none when it is missing."""
    rows = []
    path = os.path.join(folder, name)
    if os.path.exists(path):
        with open(path, errors="replace") as lines:
            for line in lines:
                parts = line.split()
                if len(parts) >= 2 and parts[0].isdigit():
                    rows.append((int(parts[0]), parts[1:]))
    return rows
