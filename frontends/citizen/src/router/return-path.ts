export const LOGIN_ROUTE = 'login';
/** Query parameter carrying where to go after log-in (a path of this app). */
export const RETURN_PARAM = 'weiter';
