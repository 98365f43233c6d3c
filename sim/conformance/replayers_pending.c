/*
** Temporary stand-ins for the Yuma and peer replayers, which are built on
** another branch: on this branch those vector files report that they cannot
** be replayed. Dropped when the branches are merged.
*/
#include "conformance/conformance.h"

ss_status ss__conf_replay_yuma(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    (void)doc;
    (void)f;
    return ss_error_set(err, SS_EINVAL, "yuma vectors: not built on this branch");
}

ss_status ss__conf_replay_peer(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    (void)doc;
    (void)f;
    return ss_error_set(err, SS_EINVAL, "peer vectors: not built on this branch");
}
