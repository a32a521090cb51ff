export { createHttpClient, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './httpClient';
