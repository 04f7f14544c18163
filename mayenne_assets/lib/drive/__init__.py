"""The shared drive as the data officer sees it: files waiting, processed, archived and set aside, each read
once as a snapshot of its bytes; whether a file is still being written; what the sensor has already seen. The
first stage: it knows files, not workbooks."""
