/* placeholder while the peer replayer is written */
#include "conformance/conformance.h"
ss_status ss__conf_replay_peer(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    (void)doc; (void)f;
    return ss_error_set(err, SS_EINVAL, "peer: not yet");
}
