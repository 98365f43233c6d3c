/* placeholder while the math replayer is written */
#include "conformance/conformance.h"
ss_status ss__conf_replay_yuma_math(const cJSON *doc, ss_conf_file *f, ss_error *err);
ss_status ss__conf_replay_yuma_math(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    (void)doc; (void)f;
    return ss_error_set(err, SS_EINVAL, "math: not yet");
}
