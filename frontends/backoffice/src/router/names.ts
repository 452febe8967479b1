/** The log-in page's route. */
export const LOGIN_ROUTE = 'login';
/** Query parameter carrying where to go after log-in (a path of this app). */
export const RETURN_PARAM = 'weiter';
/** Where a logged-in person starts (and goes after log-in without a return path). */
export const START_ROUTE = 'today';
