/**
 * What demo tickets are about: subject and description templates per category, in English and
 * Brazilian Portuguese, written the way customers and agents actually phrase them. Placeholders
 * in braces ({order}, {amount}, ...) are filled by the generator with values in the same language.
 */
import type { CustomerLanguage } from '../../shared/domain/customer';
import type { TicketPriority } from '../../shared/domain/ticket';

export const TICKET_CATEGORIES = [
  'billing',
  'account',
  'delivery',
  'refund',
  'outage',
  'cancellation',
  'plan',
  'payment',
  'product',
  'privacy',
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export interface CategoryProfile {
  /** Relative frequency among tickets. */
  readonly weight: number;
  /** Tags an agent would put on such a ticket (the first is always applied). */
  readonly tags: readonly string[];
  readonly priorities: readonly { readonly weight: number; readonly value: TicketPriority }[];
}

const usual = [
  { weight: 15, value: 'low' },
  { weight: 60, value: 'normal' },
  { weight: 20, value: 'high' },
  { weight: 5, value: 'urgent' },
] as const;
const pressing = [
  { weight: 5, value: 'low' },
  { weight: 35, value: 'normal' },
  { weight: 40, value: 'high' },
  { weight: 20, value: 'urgent' },
] as const;

export const CATEGORY_PROFILES: Readonly<Record<TicketCategory, CategoryProfile>> = {
  billing: { weight: 18, tags: ['billing', 'invoice', 'overcharge'], priorities: usual },
  account: { weight: 14, tags: ['account', 'login', '2fa'], priorities: usual },
  delivery: { weight: 16, tags: ['delivery', 'shipping', 'carrier'], priorities: usual },
  refund: { weight: 11, tags: ['refund', 'return', 'chargeback'], priorities: usual },
  outage: { weight: 9, tags: ['outage', 'bug', 'incident'], priorities: pressing },
  cancellation: { weight: 7, tags: ['cancellation', 'churn-risk', 'retention'], priorities: usual },
  plan: { weight: 7, tags: ['plan-change', 'upsell', 'pricing'], priorities: usual },
  payment: { weight: 8, tags: ['payment', 'card', 'pix'], priorities: usual },
  product: { weight: 6, tags: ['product-question', 'how-to', 'feature-request'], priorities: usual },
  privacy: { weight: 4, tags: ['privacy', 'lgpd', 'data-request'], priorities: pressing },
};

export interface SubjectTemplate {
  readonly category: TicketCategory;
  readonly text: string;
}

const subject = (category: TicketCategory, text: string): SubjectTemplate => ({ category, text });

export const SUBJECT_TEMPLATES: Readonly<Record<CustomerLanguage, readonly SubjectTemplate[]>> = {
  en: [
    subject('billing', 'Charged twice on my {month} invoice'),
    subject('billing', 'Invoice {invoice} shows the wrong amount'),
    subject('billing', 'Unexpected charge of {amount} on my card'),
    subject('billing', 'Need a copy of invoice {invoice} for accounting'),
    subject('billing', 'Why did my bill go up this month?'),
    subject('billing', 'Late fee applied although I paid on time'),
    subject('account', 'Cannot log in to my account'),
    subject('account', 'Password reset email never arrives'),
    subject('account', 'Locked out after too many attempts'),
    subject('account', 'Two-factor code not accepted'),
    subject('account', 'Please change the email on my account'),
    subject('delivery', 'Order #{order} has not arrived yet'),
    subject('delivery', 'Tracking for order #{order} stuck for {days} days'),
    subject('delivery', 'Package delivered to the wrong address'),
    subject('delivery', 'Order #{order} arrived damaged'),
    subject('delivery', 'Can I change the delivery date for order #{order}?'),
    subject('delivery', 'Missing item in order #{order}'),
    subject('refund', 'Refund for order #{order} not received'),
    subject('refund', 'How long does a refund take?'),
    subject('refund', 'Return label for {product} does not work'),
    subject('refund', 'Requesting a refund for a duplicate charge'),
    subject('outage', 'App crashes when I open my orders'),
    subject('outage', 'Website is down: error {error}'),
    subject('outage', 'Cannot complete checkout, payment page times out'),
    subject('outage', 'Service unavailable in {city} since this morning'),
    subject('outage', 'Notifications stopped working after the update'),
    subject('cancellation', 'Please cancel my subscription'),
    subject('cancellation', 'Cancel my account and delete my data'),
    subject('cancellation', 'Thinking about cancelling, any better offer?'),
    subject('plan', 'Upgrade from {plan} to a higher plan'),
    subject('plan', 'Downgrade my plan at the end of the cycle'),
    subject('plan', 'What is included in the {plan} plan?'),
    subject('payment', 'Card ending in {last4} declined'),
    subject('payment', 'Update the payment method on file'),
    subject('payment', 'Can I pay by bank transfer instead?'),
    subject('product', 'How do I set up {product}?'),
    subject('product', 'Is {product} compatible with my device?'),
    subject('product', 'Feature request: export orders to CSV'),
    subject('privacy', 'Request for a copy of my personal data'),
    subject('privacy', 'Stop sending me marketing messages'),
  ],
  'pt-BR': [
    subject('billing', 'Cobrança duplicada na fatura de {month}'),
    subject('billing', 'Fatura {invoice} com valor errado'),
    subject('billing', 'Cobrança indevida de {amount} no cartão'),
    subject('billing', 'Preciso da segunda via da fatura {invoice}'),
    subject('billing', 'Por que minha conta veio mais alta este mês?'),
    subject('billing', 'Multa por atraso cobrada mesmo pagando em dia'),
    subject('account', 'Não consigo acessar minha conta'),
    subject('account', 'E-mail de redefinição de senha não chega'),
    subject('account', 'Conta bloqueada após várias tentativas'),
    subject('account', 'Código de verificação em duas etapas não funciona'),
    subject('account', 'Quero alterar o e-mail cadastrado'),
    subject('delivery', 'Pedido #{order} ainda não foi entregue'),
    subject('delivery', 'Rastreio do pedido #{order} parado há {days} dias'),
    subject('delivery', 'Encomenda entregue no endereço errado'),
    subject('delivery', 'Pedido #{order} chegou avariado'),
    subject('delivery', 'Posso reagendar a entrega do pedido #{order}?'),
    subject('delivery', 'Faltou um item no pedido #{order}'),
    subject('refund', 'Reembolso do pedido #{order} não caiu'),
    subject('refund', 'Quanto tempo demora o estorno?'),
    subject('refund', 'Etiqueta de devolução do {product} não funciona'),
    subject('refund', 'Solicito estorno de cobrança em duplicidade'),
    subject('outage', 'Aplicativo fecha sozinho ao abrir meus pedidos'),
    subject('outage', 'Site fora do ar: erro {error}'),
    subject('outage', 'Não consigo finalizar a compra, pagamento dá tempo esgotado'),
    subject('outage', 'Serviço indisponível em {city} desde cedo'),
    subject('outage', 'Notificações pararam depois da atualização'),
    subject('cancellation', 'Quero cancelar minha assinatura'),
    subject('cancellation', 'Cancelar conta e excluir meus dados'),
    subject('cancellation', 'Pensando em cancelar, tem alguma proposta melhor?'),
    subject('plan', 'Mudar do plano {plan} para um plano maior'),
    subject('plan', 'Reduzir meu plano no fim do ciclo'),
    subject('plan', 'O que está incluído no plano {plan}?'),
    subject('payment', 'Cartão final {last4} recusado'),
    subject('payment', 'Atualizar a forma de pagamento'),
    subject('payment', 'Posso pagar com Pix ou boleto?'),
    subject('product', 'Como configurar o {product}?'),
    subject('product', 'O {product} é compatível com meu aparelho?'),
    subject('product', 'Sugestão: exportar pedidos para planilha'),
    subject('privacy', 'Solicitação de cópia dos meus dados (LGPD)'),
    subject('privacy', 'Parem de enviar mensagens promocionais'),
  ],
};

/** Opening lines of the customer's message, per category. */
export const DESCRIPTION_TEMPLATES: Readonly<Record<CustomerLanguage, Readonly<Record<TicketCategory, readonly string[]>>>> = {
  en: {
    billing: [
      'Hi, I was charged {amount} on my {month} invoice but my plan should cost less. Can you check what happened?',
      'My latest bill ({invoice}) includes a line I do not recognise. Please explain or correct it.',
      'I see two identical charges of {amount} on my statement. I only made one purchase.',
    ],
    account: [
      'I have been trying to sign in since yesterday and keep getting "invalid credentials", even after resetting my password.',
      'The reset link says it has expired every time I click it. I need access today for work.',
      'I changed phones and no longer receive the verification code. How can I get back in?',
    ],
    delivery: [
      'My order #{order} was due {days} days ago and the tracking has not moved. Can you find out where it is?',
      'The carrier marked order #{order} as delivered but nothing arrived. My neighbours have not seen it either.',
      'The box for order #{order} was crushed and the {product} inside is broken.',
    ],
    refund: [
      'I returned the {product} two weeks ago and still have not received my refund of {amount}.',
      'The return was approved but the money has not shown up on my card. How long should it take?',
      'I was told a refund was issued for order #{order}, but my bank has no record of it.',
    ],
    outage: [
      'Since this morning the app shows error {error} whenever I try to open my orders. I already reinstalled it.',
      'Your website has been timing out for about an hour in {city}. Is there a known issue?',
      'Checkout fails at the payment step for every card I try. This is blocking our team.',
    ],
    cancellation: [
      'Please cancel my subscription at the end of the current period. I no longer need the service.',
      'I would like to close my account. Before I do, is there a cheaper option?',
      'We are moving to another provider. Please confirm the cancellation and any final charges.',
    ],
    plan: [
      'We are growing and need more seats than the {plan} plan allows. What are the options?',
      'I would like to move to a smaller plan from next month. Will I lose any data?',
      'Could you explain the difference between {plan} and the next tier up?',
    ],
    payment: [
      'My card ending in {last4} was declined although it works everywhere else.',
      'I need to replace the card on file; the old one expired last month.',
      'Our finance team prefers bank transfer. Is that possible for annual plans?',
    ],
    product: [
      'I just bought the {product} and cannot get it to connect. The manual does not cover my model.',
      'Does the {product} work with older devices? I want to be sure before ordering more.',
      'It would really help if we could export our order history. Is that on the roadmap?',
    ],
    privacy: [
      'Under data protection law I request a copy of all personal data you hold about me.',
      'I keep receiving marketing emails after unsubscribing twice. Please remove me from every list.',
      'Please confirm which third parties my data has been shared with.',
    ],
  },
  'pt-BR': {
    billing: [
      'Olá, fui cobrado {amount} na fatura de {month}, mas meu plano deveria custar menos. Podem verificar?',
      'Minha última fatura ({invoice}) tem um item que não reconheço. Por favor, expliquem ou corrijam.',
      'Aparecem duas cobranças iguais de {amount} no meu extrato e fiz só uma compra.',
    ],
    account: [
      'Desde ontem tento entrar e aparece "credenciais inválidas", mesmo depois de redefinir a senha.',
      'O link de redefinição diz que expirou toda vez que clico. Preciso do acesso hoje para trabalhar.',
      'Troquei de celular e não recebo mais o código de verificação. Como recupero o acesso?',
    ],
    delivery: [
      'Meu pedido #{order} deveria ter chegado há {days} dias e o rastreio não atualiza. Podem localizar?',
      'A transportadora marcou o pedido #{order} como entregue, mas não recebi nada.',
      'A caixa do pedido #{order} chegou amassada e o {product} veio quebrado.',
    ],
    refund: [
      'Devolvi o {product} há duas semanas e ainda não recebi o reembolso de {amount}.',
      'A devolução foi aprovada, mas o estorno não apareceu no cartão. Quanto tempo leva?',
      'Disseram que o reembolso do pedido #{order} foi feito, mas o banco não encontra nada.',
    ],
    outage: [
      'Desde cedo o aplicativo mostra o erro {error} quando tento abrir meus pedidos. Já reinstalei.',
      'O site está dando tempo esgotado há cerca de uma hora aqui em {city}. Há algum problema conhecido?',
      'O pagamento falha em todos os cartões que tento. Isso está travando nossa equipe.',
    ],
    cancellation: [
      'Por favor, cancelem minha assinatura ao fim do período atual. Não preciso mais do serviço.',
      'Quero encerrar minha conta. Antes disso, existe alguma opção mais barata?',
      'Vamos migrar para outro fornecedor. Confirmem o cancelamento e eventuais cobranças finais.',
    ],
    plan: [
      'Estamos crescendo e precisamos de mais usuários do que o plano {plan} permite. Quais as opções?',
      'Gostaria de mudar para um plano menor a partir do mês que vem. Perco algum dado?',
      'Podem explicar a diferença entre o plano {plan} e o plano seguinte?',
    ],
    payment: [
      'Meu cartão final {last4} foi recusado, mas funciona normalmente em outros lugares.',
      'Preciso trocar o cartão cadastrado; o anterior venceu no mês passado.',
      'Nosso financeiro prefere boleto ou Pix. É possível no plano anual?',
    ],
    product: [
      'Comprei o {product} e não consigo conectar. O manual não cobre o meu modelo.',
      'O {product} funciona com aparelhos mais antigos? Quero confirmar antes de comprar mais.',
      'Ajudaria muito poder exportar o histórico de pedidos. Isso está previsto?',
    ],
    privacy: [
      'Com base na LGPD, solicito uma cópia de todos os dados pessoais que vocês têm sobre mim.',
      'Continuo recebendo e-mails promocionais depois de me descadastrar duas vezes. Removam meu contato.',
      'Gostaria de saber com quais empresas meus dados foram compartilhados.',
    ],
  },
};

/** Values for the placeholders, per language. */
export const PLACEHOLDER_VALUES: Readonly<Record<CustomerLanguage, Readonly<Record<'month' | 'product' | 'plan' | 'city' | 'error', readonly string[]>>>> = {
  en: {
    month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    product: ['wireless router', 'smart speaker', 'security camera', 'fitness tracker', 'coffee machine', 'mesh Wi-Fi kit', 'tablet', 'noise-cancelling headphones'],
    plan: ['Basic', 'Plus', 'Premium', 'Business'],
    city: ['London', 'Manchester', 'New York', 'Chicago', 'Austin', 'Toronto', 'Dublin', 'Sydney'],
    error: ['502', '503', 'E1042', 'ERR_TIMEOUT', 'PAY-409'],
  },
  'pt-BR': {
    month: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
    product: ['roteador sem fio', 'caixa de som inteligente', 'câmera de segurança', 'relógio fitness', 'cafeteira', 'kit Wi-Fi mesh', 'tablet', 'fone com cancelamento de ruído'],
    plan: ['Básico', 'Plus', 'Premium', 'Empresarial'],
    city: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre', 'Recife', 'Salvador', 'Fortaleza'],
    error: ['502', '503', 'E1042', 'ERR_TIMEOUT', 'PAG-409'],
  },
};
