export * from './AlertsTopic';
export * from './MonthlyBudget';
