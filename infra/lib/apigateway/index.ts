export * from './ApiGatewayAccountLogging';
