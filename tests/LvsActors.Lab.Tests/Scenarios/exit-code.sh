#!/bin/bash
# Test of the lab's plumbing: writes $LAB_MESSAGE to $LAB_RESULT/message.txt and exits $LAB_EXIT_CODE.
. "$LAB_DIR/lib.sh"
echo "$LAB_MESSAGE" >"$LAB_RESULT/message.txt"
echo "exiting $LAB_EXIT_CODE"
exit "$LAB_EXIT_CODE"
