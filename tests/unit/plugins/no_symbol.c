/* A test plugin that is a valid shared object without subnetsim_score_v1. */
int subnetsim_scores(void);
int subnetsim_scores(void)
{
    return 0;
}
