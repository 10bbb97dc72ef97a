#ifndef XIANQI_CSYSTEMD_SHIM_H
#define XIANQI_CSYSTEMD_SHIM_H

// Swift cannot call the macros that add CODE_FILE/CODE_LINE/CODE_FUNC; Notify adds
// them itself from #fileID/#line/#function, so the C location macros stay off.
#define SD_JOURNAL_SUPPRESS_LOCATION

#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>

#endif
