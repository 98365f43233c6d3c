/* A test plugin built for a future plugin ABI: it exports only subnetsim_score_v2. */
int subnetsim_score_v2(const void *query, double *score);
int subnetsim_score_v2(const void *query, double *score)
{
    (void)query;
    *score = 1.0;
    return 0;
}
