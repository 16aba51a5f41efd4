import { HomeView } from '@/docs/HomeView';

export default function HomePage() {
  return <HomeView />;
}
