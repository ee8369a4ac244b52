export { PortfolioPage, PortfolioContent } from './PortfolioPage';
export type { PortfolioPageProps } from './PortfolioPage';
